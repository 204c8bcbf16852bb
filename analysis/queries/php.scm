; Chunk query for PHP. Capture names are documented in ../query.go.

(namespace_definition name: (namespace_name) @package)
(namespace_use_clause (_) @import)
(comment) @comment

(namespace_definition name: (namespace_name) @name body: (compound_statement)) @def.module
(class_declaration name: (name) @name) @def.class
(interface_declaration name: (name) @name) @def.interface
(trait_declaration name: (name) @name) @def.class
(enum_declaration name: (name) @name) @def.class

(function_definition
  name: (name) @name
  parameters: (formal_parameters) @params
  return_type: (_)? @result
  body: (compound_statement) @body) @def.function

(method_declaration
  name: (name) @name
  parameters: (formal_parameters) @params
  return_type: (_)? @result
  body: (compound_statement)? @body) @def.method

(expression_statement
  (assignment_expression
    left: (variable_name) @name
    right: [
      (arrow_function body: (_) @body)
      (anonymous_function_creation_expression body: (_) @body)
    ])) @def.lambda

(simple_parameter type: (_)? @param.type name: (variable_name) @param.name) @param
(variadic_parameter type: (_)? @param.type name: (variable_name) @param.name) @param
(property_promotion_parameter type: (_)? @param.type name: (variable_name) @param.name) @param
(attribute_list) @decorator
(visibility_modifier) @modifier
(static_modifier) @modifier
(abstract_modifier) @modifier
(final_modifier) @modifier

(function_call_expression function: (_) @call)
(member_call_expression object: (_) @_o name: (_) @_n) @call
(scoped_call_expression scope: (_) @_s name: (_) @_n) @call
(object_creation_expression (name) @call)
(for_statement) @loop
(foreach_statement) @loop
(while_statement) @loop
(do_statement) @loop
(if_statement) @branch
(else_if_clause) @branch
(case_statement) @branch
(conditional_expression) @branch
(return_statement) @return
(throw_expression) @throw
(catch_clause) @catch
(yield_expression) @yield
(assignment_expression
  left: (member_access_expression
    object: (variable_name) @write.obj
    name: (name) @write.field))
